# syntax=docker/dockerfile:1
# Self-hosting: build the site with the pinned Python packages, then serve it with nginx.
#   docker build -t docker-study-notes .
#   docker run -d --rm --name docker-study-notes -p 127.0.0.1:8080:8080 docker-study-notes
# SITE_URL is where readers will find the site: the language switcher, the sitemap and the
# canonical links are built from it.

FROM python:3.11-slim-bookworm AS build
# git: the last-updated dates and the translation notices come from the repository's history
# (.git is part of the build context on purpose; without it the pages say so plainly).
# Debian's git version is not pinned: the security updates of bookworm replace it.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.txt ./
RUN pip install --no-cache-dir --requirement requirements.txt
COPY . .
ARG SITE_URL=http://127.0.0.1:8080/
ENV SITE_URL=${SITE_URL} NO_MKDOCS_2_WARNING=1
RUN mkdocs build --strict --site-dir /out/site \
    && python scripts/hosting/csp.py /out/site > /out/csp.conf

FROM nginx:1.28-alpine AS serve
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY deploy/security-headers.conf /etc/nginx/security-headers.conf
COPY --from=build /out/csp.conf /etc/nginx/csp.conf
COPY --from=build /out/site /usr/share/nginx/html
# nginx needs no root to serve on 8080 with its pid and temporary files in /tmp; 101 is the
# image's nginx user (a number, so the host can resolve it).
USER 101
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
