import { firebasePack } from '../firebase';
import { flyPack } from '../fly';
import { glabPack } from '../glab';
import { herokuPack } from '../heroku';
import { neonPack } from '../neon';
import { netlifyPack } from '../netlify';
import { localWorkUntargeted, type Pack } from '../pack';
import { planetscalePack } from '../planetscale';
import { railwayPack } from '../railway';
import { supabasePack } from '../supabase';
import { vercelPack } from '../vercel';
import { wranglerPack } from '../wrangler';

/** PaaS and BaaS CLIs: Railway, Fly.io, Heroku, Vercel, Netlify, Supabase, Firebase, Wrangler, Neon, PlanetScale; GitLab's glab. */
export const platformPacks: readonly Pack[] = [
  railwayPack, flyPack, herokuPack, vercelPack, netlifyPack, supabasePack, firebasePack, wranglerPack, neonPack, planetscalePack, glabPack,
].map(localWorkUntargeted);
