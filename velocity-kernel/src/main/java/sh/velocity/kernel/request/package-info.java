/** Who is calling, from where, under which request id: filled once per request by the web layer. */
package sh.velocity.kernel.request;
