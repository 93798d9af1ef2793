/** The back office's browser tests: real core-api, gateway, simulator and back office, headless Chromium. `npm test` runs it with --runInBand. */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } },
];
module.exports = {
  rootDir: __dirname,
  displayName: 'browser',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  testMatch: ['<rootDir>/backoffice/test/**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/\\.next/'],
  globalSetup: '<rootDir>/backoffice/test/global-setup.ts',
  testTimeout: 60000,
};
