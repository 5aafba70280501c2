// Runs the distribution's CloudFront Functions for the local edge (edge/LocalEdge/FunctionHost.cs starts it).
// One JSON message a line on stdin, one answer a line on stdout:
//   {"id":1,"op":"load","name":"f","code":"function handler(event) {…}"}   -> {"id":1,"ok":true}
//   {"id":2,"op":"run","name":"f","event":{…viewer-request event…}}     -> {"id":2,"ok":true,"result":{…}}
// Each function gets a fresh vm context, as in CloudFront's isolated runtime; console.log goes to stderr.
// Not emulated: the `cloudfront` module (KeyValueStore, origin selection), the runtime's limits on
// size, memory and compute utilisation, and the ES subset cloudfront-js enforces (Node accepts more).
import readline from 'node:readline';
import vm from 'node:vm';

const contexts = new Map();
const reply = (message) => process.stdout.write(JSON.stringify(message) + '\n');

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  let message;
  try {
    message = JSON.parse(line);
    if (message.op === 'load') {
      const context = vm.createContext({
        console: { log: (...args) => process.stderr.write(`[cloudfront function ${message.name}] ${args.join(' ')}\n`) },
      });
      vm.runInContext(message.code, context, { filename: message.name, timeout: 1000 });
      if (typeof context.handler !== 'function') throw new Error('the code defines no function handler(event)');
      contexts.set(message.name, context);
      reply({ id: message.id, ok: true });
    } else if (message.op === 'run') {
      const context = contexts.get(message.name);
      if (!context) throw new Error(`no function ${message.name}`);
      context.__event = message.event;
      const result = await vm.runInContext('handler(__event)', context, { timeout: 1000 });
      reply({ id: message.id, ok: true, result: JSON.parse(JSON.stringify(result ?? null)) });
    } else {
      throw new Error(`unknown op ${message.op}`);
    }
  } catch (error) {
    reply({ id: message?.id ?? 0, ok: false, error: String(error?.stack ?? error) });
  }
});
