/**
 * `WasiSocket`: what a preopened socket must provide for `sock_accept`, `sock_recv`, `sock_send` and
 * `sock_shutdown`. WASI preview1 cannot create sockets; a host hands the guest a listening or connected socket
 * with `WasiCtxBuilder.preopenSocket`. (Node has no synchronous sockets, so weft ships no Node-backed one; hosts
 * and tests supply their own.)
 */

/** A socket a guest fd can refer to. */
export interface WasiSocket {
  /** Take a pending connection: a connected socket, or `undefined` when none is waiting (`EAGAIN`). */
  accept?(): WasiSocket | undefined;
  /** Receive at most `max` bytes (`peek`: leave them queued); empty at the end of the stream. */
  recv(max: number, peek: boolean): Uint8Array;
  /** Send `data`; returns the number of bytes sent. */
  send(data: Uint8Array): number;
  /** Shut down the read and/or write half. */
  shutdown(read: boolean, write: boolean): void;
  /** Release the socket (the guest closed its fd). */
  close?(): void;
}
