// ESLint for the pages' JavaScript (src/triggerpoint/*/static), run by `make lint`.
// The scripts are ES modules loaded by browsers as they are, without a build step.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "var/", ".venv/", "artifacts/", "mutants/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      // Every value is used or explicitly ignored: `catch {}` needs no name.
      "no-unused-vars": ["error", { caughtErrors: "all" }],
      eqeqeq: ["error", "smart"],
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    files: ["eslint.config.mjs", "tests/**/*.js", "tests/**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
