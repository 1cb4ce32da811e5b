// Compiles many JavaScript snippets in one process, as `node --check` would, without running
// them. Reads a JSON array of sources on stdin; prints one result per source:
// {"ok": true} or {"ok": false, "line": <1-based>, "message": "..."}.
// A snippet is compiled as a CommonJS module first; if that fails on import/export or
// top-level await, it is compiled again as an ES module (needs --experimental-vm-modules).
"use strict";
const vm = require("node:vm");

const WRAPPER = "(function (exports, require, module, __filename, __dirname) { ";
const ESM_HINT = /\b(import|export)\b|await is only valid/;

function lineOf(error) {
  const match = /snippet\.js:(\d+)/.exec(String(error.stack));
  return match ? Number(match[1]) : 0;
}

function compileModule(source) {
  if (typeof vm.SourceTextModule !== "function") return null;
  try {
    new vm.SourceTextModule(source, { identifier: "snippet.js" });
    return { ok: true };
  } catch (error) {
    return { ok: false, line: lineOf(error), message: error.message };
  }
}

function check(source) {
  try {
    new vm.Script(WRAPPER + source + "\n})", { filename: "snippet.js" });
    return { ok: true };
  } catch (error) {
    if (ESM_HINT.test(error.message)) {
      const asModule = compileModule(source);
      if (asModule) return asModule;
    }
    return { ok: false, line: lineOf(error), message: error.message };
  }
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const sources = JSON.parse(input);
  process.stdout.write(JSON.stringify(sources.map(check)));
});
