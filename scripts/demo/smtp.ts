/**
 * A local mail catcher for the demo: the templates e-mail problems and lists, and in the demo those mails must
 * go somewhere visible instead of failing for want of a mail server. It speaks just enough plain SMTP (no TLS,
 * no auth) for n8n's "Send Email" node and saves every message as `<dir>/<time>-<n>.eml`.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface MailCatcher {
	port: number;
	dir: string;
	close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export function startMailCatcher(
	port: number,
	dir: string,
	onMail: (file: string, subject: string, to: string[]) => void,
): Promise<MailCatcher> {
	fs.mkdirSync(dir, { recursive: true });
	let counter = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		socket.setTimeout(60_000, () => socket.destroy());
		let buffer = '';
		let inData = false;
		let data: string[] = [];
		let size = 0;
		let to: string[] = [];
		const reply = (line: string): void => {
			if (!socket.destroyed) socket.write(`${line}\r\n`);
		};
		const finishMessage = (): void => {
			const message = data.map((line) => (line.startsWith('..') ? line.slice(1) : line)).join('\r\n');
			counter += 1;
			const stamp = new Date().toISOString().replace(/[:.]/g, '-');
			const file = path.join(dir, `${stamp}-${counter}.eml`);
			fs.writeFileSync(file, `${message}\r\n`);
			const subject = /^subject:\s*(.*)$/im.exec(message)?.[1]?.trim() ?? '(no subject)';
			onMail(file, subject, to);
			data = [];
			size = 0;
			to = [];
		};
		const onLine = (line: string): void => {
			if (inData) {
				if (line === '.') {
					inData = false;
					finishMessage();
					reply('250 2.0.0 OK: saved');
				} else if (size <= MAX_MESSAGE_BYTES) {
					data.push(line);
					size += line.length + 2;
				}
				return;
			}
			const verb = line.slice(0, 4).toUpperCase();
			switch (verb) {
				case 'EHLO':
					reply('250-demo-mail-catcher');
					reply('250-SIZE 10485760');
					reply('250 8BITMIME');
					break;
				case 'HELO':
					reply('250 demo-mail-catcher');
					break;
				case 'MAIL':
					to = [];
					reply('250 2.1.0 OK');
					break;
				case 'RCPT':
					to.push(line.replace(/^RCPT TO:\s*/i, '').replace(/[<>]/g, '').trim());
					reply('250 2.1.5 OK');
					break;
				case 'DATA':
					inData = true;
					data = [];
					reply('354 End data with <CR><LF>.<CR><LF>');
					break;
				case 'RSET':
					to = [];
					reply('250 2.0.0 OK');
					break;
				case 'NOOP':
					reply('250 2.0.0 OK');
					break;
				case 'QUIT':
					reply('221 2.0.0 Bye');
					socket.end();
					break;
				default:
					reply('502 5.5.2 Command not implemented');
			}
		};
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let at: number;
			while ((at = buffer.indexOf('\r\n')) !== -1) {
				const line = buffer.slice(0, at);
				buffer = buffer.slice(at + 2);
				onLine(line);
			}
		});
		reply('220 demo-mail-catcher ESMTP (n8n-nodes-nl-accountancy demo; mails are saved, never sent)');
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const actual = (server.address() as net.AddressInfo).port;
			resolve({
				port: actual,
				dir,
				close: () =>
					new Promise<void>((done) => {
						for (const socket of sockets) socket.destroy();
						server.close(() => done());
					}),
			});
		});
	});
}
