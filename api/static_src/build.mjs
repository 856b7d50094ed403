// Bundles the bpmn.io libraries the pages use into api/static/vendor/bpmn-io/ with esbuild:
//   bpmn-modeler.js/.css  bpmn-js's Modeler, the properties panel and NRM's properties provider
//   bpmn-viewer.js/.css   bpmn-js's Viewer (a case, a replay, a diff)
//   dmn-viewer.js, dmn.css  dmn-js's Viewer (the decision tables)
//   LICENSES.txt          the licence of every package the bundles hold (bpmn.io's keeps the
//                         watermark: it is not touched, and the pages never cover it)
// The output is committed, so running the app needs no build step. The same lockfile gives the
// same bytes: `node build.mjs --check` builds into a temporary folder and fails, naming the
// files, if they differ from the committed ones (scripts/test.sh runs it).
import * as esbuild from "esbuild";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const committed = resolve(here, "../static/vendor/bpmn-io");
const checking = process.argv.includes("--check");
const outdir = checking ? mkdtempSync(join(tmpdir(), "bpmn-io-")) : committed;
rmSync(join(outdir, "fonts"), { recursive: true, force: true }); // no font of an older build stays

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: {
    "bpmn-modeler": "src/bpmn-modeler.js",
    "bpmn-modeler-styles": "src/bpmn-modeler.css",
    "bpmn-viewer": "src/bpmn-viewer.js",
    "bpmn-viewer-styles": "src/bpmn-viewer.css",
    "dmn-viewer": "src/dmn-viewer.js",
    "dmn-styles": "src/dmn.css",
  },
  outdir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "@bpmn-io/properties-panel/preact",
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file" },
  assetNames: "fonts/[name]-[hash]",
  legalComments: "none", // every licence is in LICENSES.txt, whole
  metafile: true,
  logLevel: "warning",
  charset: "utf8",
});

// esbuild names a CSS entry after its entry point; the pages load bpmn-modeler.css.
for (const name of ["bpmn-modeler", "bpmn-viewer", "dmn"]) {
  const from = join(outdir, `${name}-styles.css`);
  writeFileSync(join(outdir, `${name}.css`), readFileSync(from));
  rmSync(from);
  rmSync(join(outdir, `${name}-styles.js`), { force: true });
}

writeFileSync(join(outdir, "LICENSES.txt"), licences(result.metafile));

if (checking) {
  const differ = compare(committed, outdir);
  rmSync(outdir, { recursive: true, force: true });
  if (differ.length) {
    console.error(
      "api/static/vendor/bpmn-io differs from a fresh build (run `npm run build` in " +
        "api/static_src and commit the result): " + differ.join(", "),
    );
    process.exit(1);
  }
  console.log("api/static/vendor/bpmn-io is what api/static_src builds");
}

/** The licence text of every npm package whose code or fonts the bundles hold, by name. */
function licences(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/^(.*node_modules\/(@[^/]+\/[^/]+|[^/]+))\//);
    if (!match || packages.has(match[2])) continue;
    const folder = join(here, match[1]);
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const file = readdirSync(folder).sort().find((f) => /^(licen[cs]e|copying)/i.test(f));
    const text = file ? readFileSync(join(folder, file), "utf8").trim() : `License: ${manifest.license}`;
    packages.set(match[2], `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}`);
  }
  const names = [...packages.keys()].sort();
  const rule = "\n\n" + "-".repeat(78) + "\n\n";
  return (
    "The bundles in this folder are built from these npm packages (api/static_src/build.mjs).\n" +
    "bpmn-js and dmn-js: the bpmn.io watermark is kept and never covered." + rule +
    names.map((name) => packages.get(name)).join(rule) + "\n"
  );
}

/** Files present in one folder only, or with other bytes. */
function compare(a, b) {
  const list = (root) =>
    existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
      .sort() : [];
  const names = [...new Set([...list(a), ...list(b)])].sort();
  return names.filter((name) => {
    const [x, y] = [join(a, name), join(b, name)];
    return !existsSync(x) || !existsSync(y) || !readFileSync(x).equals(readFileSync(y));
  });
}
