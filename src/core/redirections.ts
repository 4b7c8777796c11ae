import type { Finding } from './model';

const readableDevices = /^\/dev\/(null|zero|u?random|stdout|stderr|tty|fd\/\d+|pts\/\d+)$/;

/** What a redirection (`> file`, `>> file`) does to its destination. */
export function redirectFinding(destination: string): Finding {
  if (destination.startsWith('/dev/') && !readableDevices.test(destination)) {
    return { ruleId: 'shell.redirect-device', effect: 'destroy', scope: 'local', reason: `writes raw data over the device ${destination}` };
  }
  return { ruleId: 'shell.redirect', effect: 'write', scope: 'local', reason: `writes output to ${destination}, replacing or extending it` };
}
