// A casino's game-launch backend, reduced to what the widget needs (docs/widget-integration.md).
// Node 20, no dependencies:  node samples/widget/server.mjs   then open http://localhost:8080/?gameId=<a game id>
//
//   GAMITY_APP_URL           the Gamity integration app (default http://localhost:7071, scripts/run-local.sh)
//   PLAYER_TOKEN_CALLER_KEY  the key the app expects in X-API-Key (PlayerTokens__CallerApiKeys__0)
//   PORT                     where this sample listens (default 8080)
import http from 'node:http';
import { readFile } from 'node:fs/promises';

const appUrl = (process.env.GAMITY_APP_URL ?? 'http://localhost:7071').replace(/\/$/, '');
const callerKey = process.env.PLAYER_TOKEN_CALLER_KEY ?? 'local-player-token-caller';
const port = Number(process.env.PORT ?? 8080);
const page = new URL('./index.html', import.meta.url);

// The logged-in player. A real backend takes brand, player, currency and language from the player's
// authenticated session, NEVER from the browser: whoever chooses the playerId chooses whose token it is.
const session = { brandId: 'aurora-casino', playerId: 'player-1', currency: 'EUR', language: 'en' };

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
  try {
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(await readFile(page));
      return;
    }

    if (request.method === 'GET' && url.pathname === '/casino/session') {
      // What the page may know about its player (no secrets): the brand for the availability call, the app's URL.
      send(response, 200, { brandId: session.brandId, language: session.language, appUrl });
      return;
    }

    if (request.method === 'POST' && url.pathname === '/casino/widget-token') {
      // The page says which game it is in; everything else comes from the session.
      const gameId = url.searchParams.get('gameId') || undefined;
      const answer = await fetch(`${appUrl}/api/player-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': callerKey },
        body: JSON.stringify({ ...session, gameId, purpose: gameId ? 'widget' : 'lobby' }),
      });
      // {token, expiresAt}, or {isTestMode: true} while PlayerTokens__TestMode is on, or a problem+json.
      send(response, answer.status, await answer.json());
      return;
    }

    send(response, 404, { title: 'Not found' });
  } catch (error) {
    send(response, 502, { title: 'The Gamity integration app did not answer', detail: String(error) });
  }
});

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

server.listen(port, '127.0.0.1', () => console.log(`widget sample on http://127.0.0.1:${port}/ (app: ${appUrl})`));
