// One plain and one streamed chat completion, one embeddings call and the model list through the official SDK.
// Usage: node check.mjs BASE_URL API_KEY CHAT_MODEL EMBEDDINGS_MODEL; prints one JSON line with what it saw.
import OpenAI from "openai";

const [baseURL, apiKey, chatModel, embeddingsModel] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });

const models = await client.models.list();
const completion = await client.chat.completions.create({
  model: chatModel,
  messages: [{ role: "user", content: "Say hello" }],
  max_tokens: 3,
});
let streamed = "";
let chunks = 0;
const stream = await client.chat.completions.create({
  model: chatModel,
  messages: [{ role: "user", content: "Say hello" }],
  max_tokens: 4,
  stream: true,
});
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0]?.delta?.content ?? "";
}
const embeddings = await client.embeddings.create({ model: embeddingsModel, input: ["one", "two"] });
let error = null;
try {
  await client.chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "x" }] });
} catch (e) {
  error = { status: e.status, code: e.code, type: e.type };
}

console.log(JSON.stringify({
  models: models.data.map((m) => m.id),
  content: completion.choices[0].message.content,
  usage: completion.usage,
  streamed,
  chunks,
  embeddings: embeddings.data.length,
  error,
}));
