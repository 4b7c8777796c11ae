import { cloudFoundryPack } from '../cloudfoundry';
import { fastlyPack } from '../fastly';
import { firebasePack } from '../firebase';
import { flyPack } from '../fly';
import { glabPack } from '../glab';
import { herokuPack } from '../heroku';
import { neonPack } from '../neon';
import { netlifyPack } from '../netlify';
import { localWorkUntargeted, type Pack } from '../pack';
import { planetscalePack } from '../planetscale';
import { railwayPack } from '../railway';
import { renderPack } from '../render';
import { supabasePack } from '../supabase';
import { upstashPack } from '../upstash';
import { vercelPack } from '../vercel';
import { wranglerPack } from '../wrangler';

/** PaaS and BaaS CLIs: Railway, Fly.io, Heroku, Vercel, Netlify, Render, Supabase, Firebase, Wrangler, Neon, PlanetScale, Upstash; Cloud Foundry; Fastly; GitLab's glab. */
export const platformPacks: readonly Pack[] = [
  railwayPack, flyPack, herokuPack, vercelPack, netlifyPack, renderPack, supabasePack, firebasePack, wranglerPack, neonPack, planetscalePack,
  upstashPack, cloudFoundryPack, fastlyPack, glabPack,
].map(localWorkUntargeted);
