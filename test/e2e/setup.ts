// A real n8n process starts per execution (a few seconds each); end-to-end tests get generous time.
jest.setTimeout(600_000);
