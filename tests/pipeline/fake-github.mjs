// A loopback stand-in for the GitHub REST endpoints the pipeline calls (issue comments, artifacts, runs), enough to
// run sticky-comment.mjs and reviewed-plan.mjs unchanged. Records every request.
import { createServer } from "node:http";

export async function fakeGithub({ comments = [], artifacts = [], runs = {}, zips = {} } = {}) {
  const requests = [];
  let nextId = 9000;
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url, "http://x");
    requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: body ? JSON.parse(body) : null,
      authorization: req.headers.authorization });
    const json = (status, value) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(value)); };
    if (req.headers.authorization !== "Bearer test-token") return json(401, { message: "Bad credentials" });
    let m;
    if ((m = /^\/repos\/acme\/site\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
      if (req.method === "GET") {
        const page = Number(url.searchParams.get("page") ?? 1), per = Number(url.searchParams.get("per_page") ?? 30);
        return json(200, comments.slice((page - 1) * per, page * per));
      }
      const comment = { id: nextId++, body: JSON.parse(body).body, user: { login: "github-actions[bot]", type: "Bot" } };
      comments.push(comment);
      return json(201, comment);
    }
    if ((m = /^\/repos\/acme\/site\/issues\/comments\/(\d+)$/.exec(url.pathname)) && req.method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(m[1]));
      // GitHub lets a token edit only its own user's comments.
      if (comment.user?.login !== "github-actions[bot]") return json(403, { message: "Resource not accessible by integration" });
      comment.body = JSON.parse(body).body;
      return json(200, comment);
    }
    if (url.pathname === "/repos/acme/site/actions/artifacts") {
      const name = url.searchParams.get("name");
      const page = Number(url.searchParams.get("page") ?? 1);
      const matching = artifacts.filter((a) => a.name === name);
      return json(200, { total_count: matching.length, artifacts: page === 1 ? matching : [] });
    }
    if ((m = /^\/repos\/acme\/site\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname))) {
      const name = url.searchParams.get("name");
      return json(200, { artifacts: artifacts.filter((a) => a.workflow_run.id === Number(m[1]) && a.name === name) });
    }
    if ((m = /^\/repos\/acme\/site\/actions\/runs\/(\d+)$/.exec(url.pathname))) {
      return runs[m[1]] ? json(200, runs[m[1]]) : json(404, { message: "Not Found" });
    }
    if ((m = /^\/repos\/acme\/site\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname))) {
      res.writeHead(200, { "content-type": "application/zip" });
      return res.end(zips[m[1]]);
    }
    json(404, { message: `no fake for ${req.method} ${url.pathname}` });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, requests, comments, close: () => new Promise((resolve) => server.close(resolve)) };
}
