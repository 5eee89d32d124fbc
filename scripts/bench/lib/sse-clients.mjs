// Many SSE clients on raw sockets: each parses frames and reports every change event's value on arrival.
import http from 'node:http';

/**
 * @typedef {object} SseClient
 * @property {Promise<number>} ready resolves with the revision of the "ready" frame
 * @property {() => void} close
 * @property {number} changes change frames received
 */

/**
 * @param {string} url
 * @param {(value: string, client: number) => void} onValue called for each event's value of each change frame
 * @param {number} index
 * @returns {SseClient}
 */
function openClient(url, onValue, index) {
  /** @type {http.ClientRequest | null} */
  let req = null;
  /** @type {SseClient} */
  const client = {
    ready: Promise.resolve(0),
    changes: 0,
    close: () => req?.destroy(),
  };
  client.ready = new Promise((resolve, reject) => {
    req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`SSE ${url} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (/** @type {string} */ chunk) => {
        buffer += chunk;
        let cut = buffer.indexOf('\n\n');
        while (cut !== -1) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          let event = '';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (event === 'ready') resolve(JSON.parse(data).revision);
          else if (event === 'change') {
            client.changes += 1;
            for (const e of JSON.parse(data).events) onValue(e.value, index);
          }
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
  });
  client.ready.catch(() => {});
  return client;
}

/**
 * Opens `count` SSE streams, `parallel` connection attempts at a time, and waits until each got "ready".
 * @param {string} url
 * @param {number} count
 * @param {(value: string, client: number) => void} onValue
 * @param {number} [parallel]
 */
export async function openClients(url, count, onValue, parallel = 100) {
  /** @type {SseClient[]} */
  const clients = [];
  let next = 0;
  const opener = async () => {
    while (next < count) {
      const i = next++;
      const c = openClient(url, onValue, i);
      clients[i] = c;
      await c.ready;
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, opener));
  } catch (error) {
    for (const c of clients) c?.close();
    throw error;
  }
  return clients;
}
