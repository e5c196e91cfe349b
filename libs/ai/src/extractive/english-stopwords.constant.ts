/**
 * English function words plus the fillers of spoken transcripts. Keyphrase extraction splits
 * candidate phrases at these words; ranking ignores them.
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am among
  amongst an and another any anybody anyhow anyone anything anyway anywhere are aren't around as at back be became
  because become becomes becoming been before beforehand behind being below beside besides between beyond both but by
  can cannot can't could couldn't did didn't do does doesn't doing done don't down during each either else elsewhere
  enough etc even ever every everybody everyone everything everywhere except few first for former formerly from further
  get gets getting give given gives go goes going gone got gotten had hadn't has hasn't have haven't having he he'd
  he'll her here here's hers herself he's him himself his how however how's i i'd if i'll i'm in indeed instead into
  is isn't it it'd it'll its it's itself i've just keep keeps kept last later latter least less let let's like likely
  made make makes making many may maybe me meanwhile might mine more moreover most mostly much must mustn't my myself
  namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one
  ones only onto or other others otherwise ought our ours ourselves out over own per perhaps please put quite rather
  really said same say says see seem seemed seeming seems several shall shan't she she'd she'll she's should shouldn't
  since so some somebody somehow someone something sometime sometimes somewhere still such take takes than that that's
  the their theirs them themselves then there thereafter thereby therefore therein there's these they they'd they'll
  they're they've thing things this those though through throughout thus to together too took toward towards under
  until up upon us use used uses using very via was wasn't we we'd well we'll were we're weren't we've what whatever
  what's when whenever when's where whereas wherever where's whether which while who whoever whole who's whom whose
  why why's will with within without won't would wouldn't yet you you'd you'll your you're yours yourself yourselves
  you've
  ah basically actually alright anyways cool er erm gonna gotta guess guys hey hi hmm huh kind kinda know literally
  lot lots mean mhm oh ok okay pretty right sort stuff sure totally uh um umm wanna yeah yep yes`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/** Words of spoken language that carry nothing in written prose, removed when a sentence is reused as text. */
export const SPOKEN_FILLERS: readonly string[] = ['um', 'umm', 'uh', 'uhm', 'er', 'erm', 'hmm', 'mhm'];
