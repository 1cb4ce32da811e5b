// Turns a free-form title into a file name that cannot leave its folder:
// letters (any script) and digits are kept, everything else becomes "-".
function safeTitle(title) {
  const cleaned = String(title)
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return cleaned.slice(0, 80);
}

module.exports = { safeTitle };
