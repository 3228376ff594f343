// typescript-eslint's type-aware recommended rules over every TypeScript file, each checked with the tsconfig that
// builds it (the root one, or the policy pack's own).
import eslint from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", ".cellplane/", "**/node_modules/", "test/fixtures/"] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // This file is checked too, with TypeScript's default options: no tsconfig builds it (it is not shipped).
        projectService: { allowDefaultProject: ["eslint.config.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Prettier wraps code at 120 columns but leaves long strings and comments alone: this catches those.
    plugins: { "@stylistic": stylistic },
    rules: { "@stylistic/max-len": ["error", { code: 120, tabWidth: 2, ignoreUrls: true }] },
  },
  {
    // Plain JavaScript: the CLI launcher and the CloudFront Function (runtime cloudfront-js-2.0, which has its own
    // globals and is deployed byte for byte).
    files: ["**/*.js", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Its bytes are the deployed function's code (see .prettierignore): rewrapping a long line would update every
    // edge function, so its line length is left as it is.
    files: ["components/routing/edge-function.js"],
    languageOptions: { sourceType: "module" },
    rules: { "no-unused-vars": "off", "@typescript-eslint/no-unused-vars": "off", "@stylistic/max-len": "off" },
  },
  {
    // Lambda function sources (ES modules run by the nodejs runtime, shipped as they are).
    files: ["components/**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: "module" },
  },
);
