/** One jest run over every workspace. Tests talk to real PostgreSQL and Redis (see scripts/run-tests.mjs). */
const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const project = (name) => ({
  displayName: name,
  rootDir: `<rootDir>/${name}`,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/\\.next/', '\\.browser\\.test\\.ts$'],
});
module.exports = {
  projects: ['platform', 'flows', 'core-api', 'bot-gateway', 'backoffice', 'infra'].map(project),
  testTimeout: 30000,
};
