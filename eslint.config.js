import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "test/fixtures/", "bench-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: {
      globals: Object.fromEntries(
        [
          "process",
          "console",
          "URL",
          "URLSearchParams",
          "setTimeout",
          "clearTimeout",
          "setInterval",
          "clearInterval",
          "setImmediate",
          "Buffer",
          "fetch",
          "AbortController",
          "AbortSignal",
          "performance",
          "structuredClone",
          "TextEncoder",
          "TextDecoder",
          "queueMicrotask",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The core is pure: values in, values out. Time, the file system, the network and the
    // process reach it only as arguments.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:fs",
                "node:fs/*",
                "fs",
                "fs/*",
                "node:net",
                "node:http",
                "node:https",
                "node:child_process",
                "node:process",
              ],
              message: "src/core is pure: pass I/O in as values.",
            },
            {
              group: [
                "got",
                "chokidar",
                "node-cron",
                "p-retry",
                "pino",
                "prom-client",
                "proper-lockfile",
                "write-file-atomic",
              ],
              message: "src/core is pure: pass I/O in as values.",
            },
            {
              group: [
                "../config/*",
                "../lockfile/*",
                "../bluejay/*",
                "../apply/*",
                "../daemon/*",
                "../cli/*",
                "../emulator/*",
              ],
              message: "src/core depends on nothing outside it.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "src/core is pure." },
        { name: "setTimeout", message: "src/core is pure." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: "src/core is pure: take the time as an argument.",
        },
      ],
    },
  },
);
