// make ci-comment: the plan review of every environment as ONE comment on the pull request, updated in place on
// every push (found by its hidden marker), never repeated. Reads the review.md each plan job uploaded
// (build/pipeline/downloaded/plan-<env>-<tree>/review.md); an environment whose plan failed says so.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { github } from "./github-api.mjs";

export const MARKER = "<!-- edge-router plan review -->";
// GitHub refuses a comment body over 65,536 characters.
export const LIMIT = 65536;

// The job's GITHUB_TOKEN posts as this user. Only its comments are ours to edit: anyone can post a comment that
// starts with the marker, and editing theirs would fail (403) or, with a broader token, overwrite what they wrote.
export const BOT = "github-actions[bot]";

// The review quotes names and values from the pull request (resource names, tags, domain names). Shown as they are,
// "@someone" would notify that person or team on every push; a zero-width space after the @ keeps the text and
// drops the notification. The marker is taken out so no section can pose as the comment's start.
export function quiet(text) {
  return text.split(MARKER).join("").replace(/(^|[^A-Za-z0-9_`])@(?=[A-Za-z0-9])/g, "$1@\u200b");
}

export function body(dir, { sha = process.env.GITHUB_SHA ?? "", runUrl = "" } = {}) {
  const sections = [];
  const folders = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith("plan-")).sort() : [];
  for (const folder of folders) {
    const review = join(dir, folder, "review.md");
    const meta = join(dir, folder, "meta.json");
    const environment = existsSync(meta) ? JSON.parse(readFileSync(meta, "utf8")).environment : folder;
    sections.push(existsSync(review)
      ? `### ${quiet(String(environment))}\n\n${quiet(readFileSync(review, "utf8").trim())}\n`
      : `### ${environment}\n\nNo review: the plan did not finish (see the run's log).\n`);
  }
  if (sections.length === 0) sections.push("No plan finished: see the run's log.\n");
  const head = `${MARKER}\n## edge-router plan review${sha ? ` for ${sha.slice(0, 12)}` : ""}\n\n`;
  const tail = `\n---\nApplied on merge exactly as planned here, or refused if the state changed since.${runUrl ? ` [Run](${runUrl})` : ""}\n`;
  let text = head + sections.join("\n") + tail;
  if (text.length > LIMIT) {
    const note = `\n\n… cut at ${LIMIT} characters: the whole review is in the run's artifacts.\n`;
    text = text.slice(0, LIMIT - note.length - tail.length) + note + tail;
  }
  return text;
}

export async function upsert(api, pullRequest, text) {
  for await (const comment of api.pages(`/repos/${api.repository}/issues/${pullRequest}/comments`)) {
    if (comment.user?.login === BOT && comment.user?.type === "Bot" && typeof comment.body === "string" && comment.body.startsWith(MARKER)) {
      await api.json("PATCH", `/repos/${api.repository}/issues/comments/${comment.id}`, { body: text });
      return { action: "updated", id: comment.id };
    }
  }
  const created = await api.json("POST", `/repos/${api.repository}/issues/${pullRequest}/comments`, { body: text });
  return { action: "created", id: created.id };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pullRequest = process.env.PULL_REQUEST ?? "";
  try {
    if (!/^[1-9][0-9]{0,9}$/.test(pullRequest)) throw new Error(`PULL_REQUEST is not a pull request number: ${JSON.stringify(pullRequest)}`);
    const runUrl = process.env.GITHUB_RUN_ID ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : "";
    const result = await upsert(github(), pullRequest, body(process.argv[2] ?? "build/pipeline/downloaded", { runUrl }));
    console.log(`ci-comment: ${result.action} comment ${result.id} on pull request #${pullRequest}`);
  } catch (error) {
    console.error(`ci-comment: ${error.message}`);
    process.exit(1);
  }
}
