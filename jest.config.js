/** Unit tests (pure logic, node code with a fake n8n context, emulator contracts) and end-to-end
 * tests (template workflows in a real n8n process against the emulators) are separate projects. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
// Installed n8n copies, the built package and the demo's user folder hold package.json files jest must not index.
const modulePathIgnorePatterns = ['<rootDir>/.tools/', '<rootDir>/dist/', '<rootDir>/.demo/'];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/emulators/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/unit/setup.ts'],
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
		},
	],
};
