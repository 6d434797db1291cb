// Installs (or upgrades) the graphile_worker schema with the chosen release, as
// `graphile-worker --schema-only` does.
//   DATABASE_URL=... node install-schema.mjs --release 0.18
import { loadGraphileWorker, parseOptions, sharedOptions } from "./lib.mjs";

const { release } = parseOptions({});
const graphileWorker = await loadGraphileWorker(release);
await graphileWorker.runMigrations(sharedOptions(graphileWorker));
