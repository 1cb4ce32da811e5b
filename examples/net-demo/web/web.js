// The "web" container of the networking examples. Each route makes one outgoing request,
// so you can see which destinations a container can reach:
//   /web  -> a site on the internet (WEB_URL)
//   /host -> a server on your own machine (HOST_URL)
//   /peer -> another container on the same network (PEER_URL)
const http = require("node:http");

const PORT = Number(process.env.PORT || 80);
const TARGETS = {
  "/web": process.env.WEB_URL || "https://example.com/",
  "/host": process.env.HOST_URL || "http://host.docker.internal:8000/",
  "/peer": process.env.PEER_URL || "http://api:3000/",
};
const TIMEOUT_MS = 5000;

async function probe(target) {
  try {
    const answer = await fetch(target, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await answer.text();
    return { target, ok: answer.ok, status: answer.status, body: text.slice(0, 200) };
  } catch (error) {
    const reason = error.cause ? error.cause.code || error.cause.message : error.message;
    return { target, ok: false, error: reason };
  }
}

const server = http.createServer(async (request, response) => {
  const target = TARGETS[request.url];
  if (!target) {
    const routes = Object.keys(TARGETS).join(", ");
    response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`web: try one of ${routes}\n`);
    return;
  }

  const result = await probe(target);
  response.writeHead(result.ok ? 200 : 502, { "Content-Type": "application/json; charset=utf-8" });
  response.end(`${JSON.stringify(result)}\n`);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));

server.listen(PORT, () => {
  console.log(`web: listening on port ${PORT}`);
});
