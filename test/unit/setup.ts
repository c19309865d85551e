// npm test runs the unit tests while n8n's native modules compile in the background; a few emulator tests that read
// every demo journal or load 10,000 clients then need more than jest's default 5 s. Speed is measured by the
// benchmarks, not by this limit.
jest.setTimeout(30_000);
