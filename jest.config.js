/** Unit specs beside the code (src/**\/*.spec.ts) and e2e specs under test/, in one run. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
    // @fastify/static requires content-disposition 3, which is ESM only: Node 20.19 loads it
    // natively, jest's module system does not, so it is compiled to CommonJS for tests.
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  // Several files start their own PostgreSQL; a hung server must fail the run, not stall it.
  forceExit: false,
};
