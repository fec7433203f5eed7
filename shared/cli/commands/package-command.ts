import { errorMessage, EXIT } from '../io';
import { formatPackageInspectText, inspectPackage, trustedKeysFromDirectoryText, unreadablePackage } from '../package-inspect';
import type { TrustedKey } from '../../package/signing';
import { readInput } from './read';
import type { CliCommand } from './types';

/**
 * `cop package inspect FILE [--directory DIR.json] [--json]`: a data package's manifest, layers,
 * counts, integrity and signature. Trusted signing keys come only from the sharing directory
 * given with --directory, never from the package itself. Exit 0 when the package reads (even
 * unsigned or by an unknown signer: those are warnings), 2 when it is refused or unreadable.
 */
export const packageCommand: CliCommand = {
  name: 'package',
  register(program, { io, exit }) {
    const pkg = program.command('package').description('data packages: check what a package holds and whether it is intact and signed');
    pkg
      .command('inspect')
      .description('report a data package: manifest, layers and counts, integrity (SHA-256 of every file) and signature')
      .argument('<file>', 'the data package (.cgpkg or .zip)')
      .option('--directory <file>', 'sharing directory (JSON) whose organisations\' keys are trusted')
      .option('--json', 'print one JSON object on stdout instead of the readable summary')
      .action(async (file: string, opts: { json?: boolean; directory?: string }) => {
        let trusted: TrustedKey[] = [];
        if (opts.directory !== undefined) {
          const dir = await readInput(io, opts.directory);
          const keys = dir.ok ? trustedKeysFromDirectoryText(new TextDecoder().decode(dir.bytes)) : { ok: false as const, error: dir.reason };
          if (!keys.ok) {
            io.stderr(`cop: --directory ${opts.directory}: ${keys.error}\n`);
            exit(EXIT.USAGE);
            return;
          }
          trusted = keys.keys;
        }
        const input = await readInput(io, file);
        let report;
        try {
          report = input.ok ? await inspectPackage(file, input.bytes, trusted) : unreadablePackage(file, input.reason);
        } catch (e) {
          io.stderr(`cop: ${file}: internal error: ${errorMessage(e)}\n`);
          exit(EXIT.BUG);
          return;
        }
        io.stdout(opts.json ? `${JSON.stringify(report)}\n` : formatPackageInspectText(report));
        exit(report.ok ? EXIT.OK : EXIT.REFUSED);
      });
  },
};
