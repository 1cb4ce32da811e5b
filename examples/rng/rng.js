// Asks for a range on standard input and prints a random number in it.
// Run it with docker run -it so that the container gets your keyboard input.
const readline = require("node:readline");

const PROMPTS = ["Lowest number: ", "Highest number: "];

async function askNumbers() {
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answers = [];

  // Reading line by line (instead of question()) also works when the input is piped.
  process.stdout.write(PROMPTS[0]);
  for await (const line of terminal) {
    answers.push(Number(line.trim()));
    if (answers.length === PROMPTS.length) {
      break;
    }
    process.stdout.write(PROMPTS[answers.length]);
  }

  terminal.close();
  return answers;
}

async function main() {
  const [low, high] = await askNumbers();

  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) {
    console.log("Please enter two numbers, the second not smaller than the first.");
    process.exitCode = 1;
    return;
  }

  const pick = low + Math.floor(Math.random() * (high - low + 1));
  console.log(`Your random number: ${pick}`);
}

main();
