// What every runner script shares: which graphile-worker release to load, where the database is,
// and a logger that writes to stderr so that stdout carries only the script's JSON results.
import { parseArgs } from "node:util";

// The npm names under which package.json installs each tested release.
const PACKAGES = {
  "0.18": "graphile-worker",
  "0.17": "graphile-worker-0.17",
};

export async function loadGraphileWorker(release) {
  const name = PACKAGES[release];
  if (!name) {
    fail(`--release must be one of ${Object.keys(PACKAGES).join(", ")}, was ${release}`);
  }
  const module = await import(name);
  // 0.17 is CommonJS: its exports may only be reachable through the default export.
  return module.run ? module : module.default;
}

export function parseOptions(options) {
  const { values } = parseArgs({
    options: { release: { type: "string", default: "0.18" }, ...options },
    strict: true,
  });
  return values;
}

// Read from the environment, never from arguments: the URL may hold a password, and arguments are
// visible to every user of the machine.
export function sharedOptions(graphileWorker) {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    fail("DATABASE_URL is not set");
  }
  return {
    connectionString,
    schema: workerSchema(),
    logger: new graphileWorker.Logger(
      (scope) => (level, message) =>
        process.stderr.write(`[${level}]${scope.label ? ` ${scope.label}` : ""} ${message}\n`),
    ),
  };
}

export function workerSchema() {
  return process.env.GRAPHILE_WORKER_SCHEMA || "graphile_worker";
}

export function quoteIdentifier(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function readStdinJson() {
  let text = "";
  for await (const chunk of process.stdin) {
    text += chunk;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`stdin is not JSON: ${e.message}`);
  }
}

export function writeResult(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

export function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
