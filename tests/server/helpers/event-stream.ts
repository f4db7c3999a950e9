import { FLEET_API } from '../../../src/shared/fleet-api.js';

export interface StreamEvent {
  event: string;
  data: unknown;
}

/** Reads the fleet's server-sent events from a real HTTP stream, up to the event a test waits for. */
export async function openEvents(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${url}${FLEET_API.events}`, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: StreamEvent[] = [];
  /** The first event (seen or to come) that matches; the ones before it are dropped. */
  const next = async (until: (event: StreamEvent) => boolean): Promise<StreamEvent> => {
    for (;;) {
      const found = events.findIndex(until);
      if (found >= 0) return events.splice(0, found + 1).at(-1)!;
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name && data) events.push({ event: name, data: JSON.parse(data) });
      }
    }
  };
  return { response, next, events, close: () => controller.abort() };
}
