// A tiny goal list served over HTTP, using only Node's built-in modules.
// GET / shows the list and a form; POST /goals adds a goal (kept in memory only).
const http = require("node:http");

const PORT = Number(process.env.PORT || 80);
const goals = [];

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function renderPage() {
  const items = goals.map((goal) => `<li>${escapeHtml(goal)}</li>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Course goals</title></head>
<body>
<h1>Course goals</h1>
<form method="post" action="/goals">
  <label>New goal <input name="goal" required></label>
  <button type="submit">Add</button>
</form>
<ul>
${items}
</ul>
</body>
</html>
`;
}

function readForm(request, callback) {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => callback(new URLSearchParams(body)));
}

const server = http.createServer((request, response) => {
  if (request.method === "GET" && request.url === "/") {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(renderPage());
    return;
  }

  if (request.method === "POST" && request.url === "/goals") {
    readForm(request, (form) => {
      const goal = (form.get("goal") || "").trim();
      if (goal) {
        goals.push(goal);
        console.log(`goals: added "${goal}"`);
      }
      response.writeHead(303, { Location: "/" });
      response.end();
    });
    return;
  }

  response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
  response.end("Not found\n");
});

// docker stop sends SIGTERM: close the server and exit, so the container stops at once.
// SIGINT (Ctrl+C) is deliberately not handled, to show the PID 1 rule (see the docs).
process.on("SIGTERM", () => {
  console.log("goals: SIGTERM received, shutting down");
  server.close(() => process.exit(0));
});

server.listen(PORT, () => {
  console.log(`goals: listening on port ${PORT}`);
});
