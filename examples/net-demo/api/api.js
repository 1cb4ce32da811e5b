// The "api" container of the networking examples: answers every request with a small JSON.
const http = require("node:http");

const PORT = Number(process.env.PORT || 3000);

const server = http.createServer((request, response) => {
  const body = { service: "api", message: "Hello from the api container", path: request.url };
  response.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
  response.end(`${JSON.stringify(body)}\n`);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));

server.listen(PORT, () => {
  console.log(`api: listening on port ${PORT}`);
});
