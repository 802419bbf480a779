import { createServer, Server, Socket } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** AUTH PLAIN / LOGIN credentials the client gave, if any. */
  auth: { user: string; pass: string } | null;
  headers: Record<string, string>;
  /** The body, transfer decoding undone. */
  text: string;
  raw: string;
}

/**
 * A minimal SMTP server on 127.0.0.1 for tests: EHLO/HELO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT. It keeps every message it accepts. `stop()` closes the port (a relay that is
 * down: connections are refused) and `start()` opens the same port again.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Waits this long before accepting a message, so concurrent senders overlap. */
  acceptDelayMs = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  static async listen(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await smtp.start();
    return smtp;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let auth: ReceivedMail['auth'] = null;
    let mode: 'command' | 'data' | 'auth-plain' | 'auth-user' | 'auth-pass' = 'command';
    let loginUser = '';

    const command = (line: string) => {
      const verb = line.split(' ')[0]!.toUpperCase();
      const arg = line.slice(verb.length).trim();
      switch (verb) {
        case 'EHLO':
          socket.write('250-test.smtp.local\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
          return;
        case 'HELO':
        case 'NOOP':
          return reply('250 OK');
        case 'AUTH': {
          const [mechanism, initial] = arg.split(' ');
          if (mechanism?.toUpperCase() === 'PLAIN') {
            if (initial) return plain(initial);
            mode = 'auth-plain';
            return reply('334 ');
          }
          if (mechanism?.toUpperCase() === 'LOGIN') {
            mode = 'auth-user';
            return reply('334 VXNlcm5hbWU6');
          }
          return reply('504 mechanism not supported');
        }
        case 'MAIL':
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          return reply('250 OK');
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          return reply('250 OK');
        case 'DATA':
          mode = 'data';
          return reply('354 end with <CRLF>.<CRLF>');
        case 'RSET':
          from = '';
          to = [];
          return reply('250 OK');
        case 'QUIT':
          reply('221 bye');
          socket.end();
          return;
        default:
          return reply('502 command not implemented');
      }
    };

    const plain = (encoded: string) => {
      const [, user = '', pass = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
      auth = { user, pass };
      mode = 'command';
      reply('235 authenticated');
    };

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (mode === 'data') {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          mode = 'command';
          const mail = { from, to, auth, ...parseMessage(raw), raw };
          setTimeout(() => {
            this.received.push(mail);
            reply('250 OK queued');
          }, this.acceptDelayMs);
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (mode === 'auth-plain') plain(line);
        else if (mode === 'auth-user') {
          loginUser = Buffer.from(line, 'base64').toString('utf8');
          mode = 'auth-pass';
          reply('334 UGFzc3dvcmQ6');
        } else if (mode === 'auth-pass') {
          auth = { user: loginUser, pass: Buffer.from(line, 'base64').toString('utf8') };
          mode = 'command';
          reply('235 authenticated');
        } else command(line);
      }
    });
    reply('220 test.smtp.local ESMTP');
  }
}

/** Headers (unfolded, lower-case names) and the body with its transfer encoding undone. */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text: string;
  if (encoding === 'base64') text = Buffer.from(body, 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  } else text = body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}
