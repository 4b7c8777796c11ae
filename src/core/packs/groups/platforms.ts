import { firebasePack } from '../firebase';
import { flyPack } from '../fly';
import { herokuPack } from '../heroku';
import { neonPack } from '../neon';
import { netlifyPack } from '../netlify';
import { localWorkUntargeted, type Pack } from '../pack';
import { planetscalePack } from '../planetscale';
import { railwayPack } from '../railway';
import { supabasePack } from '../supabase';
import { vercelPack } from '../vercel';
import { wranglerPack } from '../wrangler';

/** PaaS and BaaS CLIs: Railway, Fly.io, Heroku, Vercel, Netlify, Supabase, Firebase, Wrangler, Neon, PlanetScale. */
export const platformPacks: readonly Pack[] = [
  railwayPack, flyPack, herokuPack, vercelPack, netlifyPack, supabasePack, firebasePack, wranglerPack, neonPack, planetscalePack,
].map(localWorkUntargeted);
