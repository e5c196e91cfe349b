/**
 * What spoken language leaves in a transcript that a written post must not keep, by language:
 * stage directions, greetings, sign-offs, calls to like and subscribe, fillers. English is always
 * applied (talks are quoted and captions mixed); a source in another language adds its own.
 */
export interface SpokenNoisePatterns {
  /** Words that, alone in brackets or parentheses, are a stage direction: "(Laughter)", "[Music]". */
  stageDirections: readonly string[];
  /** Opening words of a greeting sentence: "Hi everyone", "Welcome back". */
  greetings: readonly string[];
  /** A sentence starting with one of these (and short) only closes the talk: "That's it for today". */
  signOffs: readonly string[];
  /** A sentence containing one of these asks for likes, subscriptions or comments. */
  callsToAction: readonly string[];
  /** Words heard but never written, dropped anywhere. */
  fillers: readonly string[];
  /** Hedges and discourse markers dropped at the start of a clause when a comma follows ("you know, …"). */
  clauseOpeners: readonly string[];
  /** Discourse markers dropped at the start of a sentence even without a comma ("So the dough …"). */
  sentenceOpeners: readonly string[];
  /** Roles that label a speaker ("Interviewer:", "Q:"). */
  speakerRoles: readonly string[];
}

export const ENGLISH_NOISE: SpokenNoisePatterns = {
  stageDirections: [
    'laughter', 'laughs', 'laughing', 'audience laughs', 'applause', 'applauding', 'audience applauds', 'cheers', 'cheering',
    'music', 'music playing', 'upbeat music', 'intro music', 'outro music', 'inaudible', 'unintelligible', 'crosstalk',
    'silence', 'pause', 'long pause', 'coughs', 'cough', 'sighs', 'chuckles', 'chuckling', 'clears throat', 'background noise',
    'noise', 'video', 'video plays', 'slide', 'sound', 'sound effect', 'beep', 'bleep', 'no audio', 'break', 'end', 'intro', 'outro',
  ],
  greetings: [
    'hi everyone', 'hi everybody', 'hi all', 'hi guys', 'hi folks', 'hi there', 'hello everyone', 'hello everybody', 'hello all',
    'hello and welcome', 'hello there', 'hey everyone', 'hey everybody', 'hey guys', 'hey folks', 'hey there', 'hey all',
    'good morning everyone', 'good morning', 'good afternoon', 'good evening', 'welcome back', 'welcome to', 'welcome everyone',
    'welcome everybody', 'thanks for having me', 'thank you for having me', 'thanks so much for having me', 'thank you so much for having me',
    'thank you all for having me', 'thanks for joining', 'thank you for joining', 'thanks for joining us', 'thanks for joining me', 'great to be here',
    "it's great to be here", 'nice to be here', 'glad to be here', "it's good to be here",
  ],
  signOffs: [
    "that's it for today", "that's all for today", "that's it for this", "that's all for this", "that's all i have", "that's all we have time",
    "that's it from me", 'see you next time', 'see you in the next', 'see you all next', 'see you guys', 'until next time',
    'thanks for watching', 'thank you for watching', 'thanks for listening', 'thank you for listening', 'thanks for reading',
    'thank you for reading', 'thanks for joining', 'thank you for joining', 'thank you all for coming', 'thanks everyone',
    'thank you everyone', 'thank you so much', 'thank you very much', 'thanks so much', 'thank you', 'thanks', 'bye', 'goodbye',
    'take care', 'catch you later', 'have a great day', 'have a good one', 'happy baking', 'happy coding', 'cheers',
  ],
  callsToAction: [
    'subscribe', 'like button', 'hit the bell', 'notification bell', 'smash that like', 'leave a comment', 'comment below',
    'comments below', 'in the comments', 'link in the description', 'links in the description', 'description below', 'my patreon',
    'support the channel', 'support this channel', 'this video is sponsored', "today's sponsor", 'thanks to our sponsor',
    'give it a thumbs up', 'give this video a like', 'like this video', 'share this video', 'follow me on',
    'please read chapter', 'try problems', 'for homework', 'see you on monday', 'see you on tuesday', 'see you on wednesday',
    'see you on thursday', 'see you on friday', 'see you next week', 'see you next time',
  ],
  fillers: ['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'hmm', 'mhm', 'mm-hmm', 'uh-huh'],
  clauseOpeners: ['you know', 'i mean', 'like', 'sort of', 'kind of', 'basically', 'literally', 'actually', 'honestly', 'you see', 'right', 'well', 'okay', 'ok', 'so'],
  sentenceOpeners: ['so', 'and so', 'and', 'okay so', 'ok so', 'okay', 'ok', 'yeah', 'yeah so', 'alright', 'alright so', 'all right so', 'anyway', 'anyways', 'now so', 'sort of', 'kind of', 'you know'],
  speakerRoles: ['speaker', 'interviewer', 'interviewee', 'host', 'co-host', 'guest', 'moderator', 'audience', 'audience member', 'presenter', 'narrator', 'q', 'a', 'question', 'answer'],
};

const SPANISH_NOISE: SpokenNoisePatterns = {
  stageDirections: ['risas', 'aplausos', 'música', 'musica', 'inaudible', 'silencio', 'pausa', 'tos', 'suspira', 'ruido'],
  greetings: ['hola a todos', 'hola a todas', 'hola amigos', 'hola', 'buenos días', 'buenas tardes', 'buenas noches', 'bienvenidos', 'bienvenidas', 'qué tal'],
  signOffs: ['eso es todo', 'nos vemos', 'hasta la próxima', 'hasta luego', 'gracias por ver', 'gracias por escuchar', 'gracias por leer', 'muchas gracias', 'gracias', 'adiós', 'chao'],
  callsToAction: ['suscríbete', 'suscribete', 'suscribirte', 'dale like', 'dale a like', 'deja un comentario', 'déjame en los comentarios', 'en los comentarios', 'campanita', 'enlace en la descripción'],
  fillers: ['eh', 'ehm', 'mmm', 'em'],
  clauseOpeners: ['o sea', 'bueno', 'pues', 'vale', 'este', 'digamos', 'tipo', 'en plan', 'sabes'],
  sentenceOpeners: ['bueno', 'pues', 'vale', 'entonces', 'o sea', 'y bueno'],
  speakerRoles: ['entrevistador', 'entrevistadora', 'entrevistado', 'entrevistada', 'presentador', 'presentadora', 'invitado', 'invitada', 'pregunta', 'respuesta', 'p', 'r'],
};

const GERMAN_NOISE: SpokenNoisePatterns = {
  stageDirections: ['lachen', 'gelächter', 'applaus', 'beifall', 'musik', 'unverständlich', 'pause', 'husten', 'stille'],
  greetings: ['hallo zusammen', 'hallo leute', 'hallo und herzlich willkommen', 'hallo', 'guten morgen', 'guten tag', 'guten abend', 'herzlich willkommen', 'willkommen zurück', 'willkommen', 'servus', 'moin'],
  signOffs: ['das war es für heute', 'das war’s für heute', "das war's für heute", 'bis zum nächsten mal', 'bis bald', 'danke fürs zuschauen', 'danke fürs zuhören', 'vielen dank', 'danke schön', 'dankeschön', 'danke', 'tschüss', 'ciao'],
  callsToAction: ['abonniert', 'abonnieren', 'abo da', 'daumen hoch', 'glocke', 'in die kommentare', 'link in der beschreibung', 'in der videobeschreibung'],
  fillers: ['äh', 'ähm', 'öhm', 'hm'],
  clauseOpeners: ['also', 'halt', 'naja', 'na ja', 'sozusagen', 'quasi', 'weißt du', 'ne'],
  sentenceOpeners: ['also', 'ja also', 'na ja', 'naja', 'okay also', 'und zwar'],
  speakerRoles: ['sprecher', 'sprecherin', 'moderator', 'moderatorin', 'interviewer', 'interviewerin', 'gast', 'frage', 'antwort', 'f', 'a'],
};

const FRENCH_NOISE: SpokenNoisePatterns = {
  stageDirections: ['rires', 'applaudissements', 'musique', 'inaudible', 'silence', 'pause'],
  greetings: ['bonjour à tous', 'bonjour tout le monde', 'bonjour', 'bonsoir', 'salut tout le monde', 'salut à tous', 'bienvenue'],
  signOffs: ["c'est tout pour aujourd'hui", 'à la prochaine', 'merci de votre attention', 'merci beaucoup', 'merci', 'au revoir', 'à bientôt'],
  callsToAction: ['abonnez-vous', 'abonne-toi', 'likez', 'laissez un commentaire', 'en commentaire', 'la cloche', 'lien en description'],
  fillers: ['euh', 'heu', 'bah', 'ben'],
  clauseOpeners: ['en fait', 'du coup', 'genre', 'quoi', 'tu vois', 'voilà', 'bon'],
  sentenceOpeners: ['alors', 'donc', 'bon', 'du coup', 'voilà'],
  speakerRoles: ['intervieweur', 'animateur', 'animatrice', 'invité', 'invitée', 'question', 'réponse'],
};

const BY_LANGUAGE: Readonly<Record<string, SpokenNoisePatterns>> = { es: SPANISH_NOISE, de: GERMAN_NOISE, fr: FRENCH_NOISE };

/** English patterns plus the source language's own. */
export function noisePatternsFor(code: string): SpokenNoisePatterns[] {
  const own = BY_LANGUAGE[code];
  return own ? [ENGLISH_NOISE, own] : [ENGLISH_NOISE];
}
