import type { Finding } from '../../model';
import { firebasePack } from '../firebase';
import { flyPack } from '../fly';
import { herokuPack } from '../heroku';
import { neonPack } from '../neon';
import { netlifyPack } from '../netlify';
import type { Pack } from '../pack';
import { planetscalePack } from '../planetscale';
import { railwayPack } from '../railway';
import { supabasePack } from '../supabase';
import { vercelPack } from '../vercel';
import { wranglerPack } from '../wrangler';

/**
 * A command that only changes this machine (login, link, a local emulator) acts on no
 * environment, even when the pack knows which one is linked: linking to production is not
 * acting on production. Table-driven packs attach their flag and ambient targets to every
 * finding, so local ones are stripped here.
 */
function keepLocalWorkLocal(pack: Pack): Pack {
  const untarget = (f: Finding): Finding => (f.scope === 'local' ? { ...f, targets: undefined, ambient: undefined } : f);
  return {
    id: pack.id,
    programs: pack.programs,
    classify(inv) {
      const result = pack.classify(inv);
      if (result === undefined) return undefined;
      return Array.isArray(result) ? result.map(untarget) : untarget(result as Finding);
    },
  };
}

/** PaaS and BaaS CLIs: Railway, Fly.io, Heroku, Vercel, Netlify, Supabase, Firebase, Wrangler, Neon, PlanetScale. */
export const platformPacks: readonly Pack[] = [
  railwayPack, flyPack, herokuPack, vercelPack, netlifyPack, supabasePack, firebasePack, wranglerPack, neonPack, planetscalePack,
].map(keepLocalWorkLocal);
