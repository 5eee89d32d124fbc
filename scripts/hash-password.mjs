// `npm run hash-password`: prints a bcrypt hash for CONSOLE_USERS, reading the password from stdin (not argv).
import readline from 'node:readline';
import bcrypt from 'bcryptjs';

const rl = readline.createInterface({
  input: process.stdin,
  output: process.stderr,
  terminal: process.stdin.isTTY,
});
rl.question('password: ', (password) => {
  rl.close();
  if (!password) {
    process.stderr.write('empty password\n');
    process.exit(1);
  }
  process.stdout.write(`${bcrypt.hashSync(password, 12)}\n`);
});
