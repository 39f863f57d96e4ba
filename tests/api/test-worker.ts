// The Worker under test: the JSON API alone (no Astro), as functions/worker.ts mounts it.
import { Hono } from "hono";
import { createApi } from "../../functions/api/app.ts";
import type { PortalEnv } from "../../functions/http/context.ts";

const app = new Hono<PortalEnv>();
app.route("/api/v1", createApi());
export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
