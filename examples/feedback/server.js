// Saves feedback as text files. A new entry is written to temp/ first, then copied to
// feedback/ (copy, not rename: the two folders may be different mounts, where rename fails).
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { safeTitle } = require("safe-title");

const PORT = Number(process.env.PORT || 80);
const FEEDBACK_DIR = path.join(__dirname, "feedback");
const TEMP_DIR = path.join(__dirname, "temp");
const PAGES_DIR = path.join(__dirname, "pages");
const STYLES = path.join(__dirname, "public", "styles.css");

function send(response, status, type, body) {
  response.writeHead(status, { "Content-Type": `${type}; charset=utf-8` });
  response.end(body);
}

function sendFile(response, file, type) {
  fs.readFile(file, (error, data) => {
    if (error) {
      send(response, 404, "text/plain", "Not found\n");
      return;
    }
    send(response, 200, type, data);
  });
}

function readForm(request, callback) {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => callback(new URLSearchParams(body)));
}

function saveFeedback(form, response) {
  const name = safeTitle(form.get("title") || "");
  const text = (form.get("text") || "").trim();
  if (!name || !text) {
    send(response, 400, "text/plain", "Both a title and some feedback are needed.\n");
    return;
  }

  const finalFile = path.join(FEEDBACK_DIR, `${name}.txt`);
  if (fs.existsSync(finalFile)) {
    sendFile(response, path.join(PAGES_DIR, "exists.html"), "text/html");
    return;
  }

  const tempFile = path.join(TEMP_DIR, `${name}.txt`);
  fs.writeFileSync(tempFile, `${text}\n`);
  fs.copyFileSync(tempFile, finalFile);
  fs.unlinkSync(tempFile);
  console.log(`feedback: saved feedback/${name}.txt`);

  response.writeHead(303, { Location: `/feedback/${encodeURIComponent(name)}.txt` });
  response.end();
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");

  if (request.method === "GET" && url.pathname === "/") {
    sendFile(response, path.join(PAGES_DIR, "feedback.html"), "text/html");
  } else if (request.method === "GET" && url.pathname === "/styles.css") {
    sendFile(response, STYLES, "text/css");
  } else if (request.method === "GET" && url.pathname.startsWith("/feedback/")) {
    const requested = decodeURIComponent(url.pathname.slice("/feedback/".length));
    const name = safeTitle(requested.replace(/\.txt$/, ""));
    sendFile(response, path.join(FEEDBACK_DIR, `${name}.txt`), "text/plain");
  } else if (request.method === "POST" && url.pathname === "/create") {
    readForm(request, (form) => saveFeedback(form, response));
  } else {
    send(response, 404, "text/plain", "Not found\n");
  }
});

// The folders may be empty mounts: create them if the mount or the image lacks them.
fs.mkdirSync(FEEDBACK_DIR, { recursive: true });
fs.mkdirSync(TEMP_DIR, { recursive: true });

process.on("SIGTERM", () => {
  console.log("feedback: SIGTERM received, shutting down");
  server.close(() => process.exit(0));
});

server.listen(PORT, () => {
  console.log(`feedback: listening on port ${PORT}`);
});
