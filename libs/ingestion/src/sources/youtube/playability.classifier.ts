import { YouTubeError } from './youtube.error.js';

/** The parts of a player response that say whether (and why not) a video can be read. */
export interface PlayabilityFacts {
  playabilityStatus?: {
    status?: string;
    reason?: string;
    messages?: string[];
    errorScreen?: { playerErrorMessageRenderer?: { reason?: TextRuns; subreason?: TextRuns } };
  };
  videoDetails?: { isLive?: boolean; isUpcoming?: boolean; isPostLiveDvr?: boolean };
}

interface TextRuns {
  simpleText?: string;
  runs?: { text?: string }[];
}

const PRIVATE = /\bprivate\b/i;
const AGE = /confirm your age|age[- ]restricted|inappropriate for some users|age verification/i;
const BOT_CHECK = /not a bot|confirm you.re not|verify you.re not/i;

/** Uploaded captions or a file the user has are the way around every refusal below. */
const INSTEAD = 'upload the video file or a captions file (SRT, WebVTT) instead';

function textOf(runs: TextRuns | undefined): string {
  return runs?.simpleText ?? runs?.runs?.map((run) => run.text ?? '').join('') ?? '';
}

/**
 * Says why YouTube will not play a video to us, as the error a user can act on, or null when it
 * plays (and is not a live stream still running). `LOGIN_REQUIRED` covers private videos, age
 * checks and the bot check ("Sign in to confirm you’re not a bot", which asks for a signed-in
 * session or proof-of-origin token): the reason text tells them apart.
 */
export function classifyPlayability(videoId: string, player: PlayabilityFacts): YouTubeError | null {
  const playability = player.playabilityStatus ?? {};
  const status = playability.status ?? 'OK';
  const screen = playability.errorScreen?.playerErrorMessageRenderer;
  const reason = playability.reason || textOf(screen?.reason) || playability.messages?.[0] || '';
  const said = [reason, textOf(screen?.subreason), ...(playability.messages ?? [])].join(' ');
  const details = { video_id: videoId, playability_status: status, ...(reason ? { reason } : {}) };
  const live = player.videoDetails ?? {};

  if (status === 'OK') {
    if (live.isLive || live.isUpcoming || live.isPostLiveDvr) return liveStream(videoId, details, live.isUpcoming === true);
    return null;
  }
  if (status === 'LIVE_STREAM_OFFLINE' || status === 'LIVE_STREAM') return liveStream(videoId, details, status === 'LIVE_STREAM_OFFLINE' || live.isUpcoming === true);
  if (status === 'AGE_CHECK_REQUIRED' || status === 'AGE_VERIFICATION_REQUIRED') return ageRestricted(videoId, details);
  if (status === 'LOGIN_REQUIRED') {
    if (PRIVATE.test(said)) return unavailable(videoId, details, reason);
    if (AGE.test(said)) return ageRestricted(videoId, details);
    return loginRequired(videoId, `YouTube asked this server to sign in before it plays video ${videoId}${reason ? ` (“${reason}”)` : ''}`, details);
  }
  if (BOT_CHECK.test(said)) return loginRequired(videoId, `YouTube asked this server to confirm it is not a bot before it plays video ${videoId}`, details);
  return unavailable(videoId, details, reason);
}

/** YouTube wants a signed-in session or a proof-of-origin (PO) token: the same request from here gets the same answer. */
export function loginRequired(videoId: string, what: string, details: Record<string, unknown> = {}): YouTubeError {
  return new YouTubeError(
    'youtube_login_required',
    `${what}. Scriptorium reads YouTube without an account, so retrying will not help: ${INSTEAD}.`,
    { video_id: videoId, ...details },
  );
}

function ageRestricted(videoId: string, details: Record<string, unknown>): YouTubeError {
  return new YouTubeError(
    'age_restricted',
    `YouTube video ${videoId} is age-restricted: YouTube shows it only to signed-in adult accounts, and Scriptorium reads YouTube without one; ${INSTEAD}.`,
    details,
  );
}

function liveStream(videoId: string, details: Record<string, unknown>, upcoming: boolean): YouTubeError {
  const what = upcoming ? 'is a live stream that has not started yet' : 'is a live stream that has not finished';
  return new YouTubeError(
    'live_not_supported',
    `YouTube video ${videoId} ${what}; import it once the stream has ended and YouTube has processed its captions.`,
    details,
  );
}

function unavailable(videoId: string, details: Record<string, unknown>, reason: string): YouTubeError {
  const why = reason ? `: ${reason}` : '';
  return new YouTubeError(
    'video_unavailable',
    `YouTube video ${videoId} is unavailable${why}. Check the link; a private video can be imported once its owner makes it public or unlisted.`,
    details,
  );
}
