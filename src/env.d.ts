/// <reference types="astro/client" />
declare namespace App {
  interface Locals {
    /** Set by functions/worker.ts before Astro runs: database, configuration, clock. */
    portal: import("../functions/http/context.ts").Portal;
  }
}
