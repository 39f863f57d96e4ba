// Vite's `?raw` suffix imports a file's text (messages.test.ts reads the catalog's source).
declare module "*?raw" {
  const text: string;
  export default text;
}
