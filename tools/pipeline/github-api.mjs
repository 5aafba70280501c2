// The few GitHub REST calls the pipeline makes, with the job's own GITHUB_TOKEN (no other credential). The base
// URL is $GITHUB_API_URL (GitHub sets it; the tests point it at a loopback fake).
export function github({ token = process.env.GITHUB_TOKEN, base = process.env.GITHUB_API_URL ?? "https://api.github.com",
  repository = process.env.GITHUB_REPOSITORY } = {}) {
  if (!token) throw new Error("GITHUB_TOKEN is not set (the workflow passes github.token)");
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new Error(`GITHUB_REPOSITORY is not owner/name: ${JSON.stringify(repository)}`);
  const headers = { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };
  async function call(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined, redirect: "follow",
    });
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      throw new Error(`GitHub API ${method} ${path}: ${response.status} ${text}`);
    }
    return response;
  }
  return {
    repository,
    json: async (method, path, body) => (await call(method, path, body)).json(),
    bytes: async (path) => Buffer.from(await (await call("GET", path)).arrayBuffer()),
    // Every page of a list endpoint (100 a page, at most `limit` pages).
    async *pages(path, key, limit = 20) {
      for (let page = 1; page <= limit; page++) {
        const separator = path.includes("?") ? "&" : "?";
        const data = await (await call("GET", `${path}${separator}per_page=100&page=${page}`)).json();
        const items = key ? data[key] : data;
        yield* items;
        if (items.length < 100) return;
      }
    },
  };
}
