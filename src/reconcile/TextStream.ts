import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Text written to a stream with backpressure: {@link write} resolves once the stream can take
 * more, and every writer waits on one `drain` listener, so a slow disk slows the caller instead of
 * filling memory. Shared by the streaming report writers.
 */
class TextStream {
  /** Set while the stream is over its high-water mark. */
  #drained: Promise<void> | undefined;

  public constructor(private readonly out: Writable) {}

  /**
   * Writes `text`; resolves when the stream is below its high-water mark again.
   *
   * @throws the stream's error once it failed
   */
  public async write(text: string): Promise<void> {
    while (this.#drained) await this.#drained;
    if (this.out.errored) throw this.out.errored;
    if (this.out.write(text)) return;
    this.#drained = once(this.out, 'drain').then(
      () => {
        this.#drained = undefined;
      },
      (error: unknown) => {
        this.#drained = undefined;
        throw error;
      },
    );
    await this.#drained;
  }

  /** Ends the stream and waits until it is flushed. */
  public async end(): Promise<void> {
    while (this.#drained) await this.#drained;
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
  }
}

export { TextStream };
