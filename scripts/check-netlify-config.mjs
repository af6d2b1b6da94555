// Parses netlify.toml with Netlify's own @netlify/config, offline, in every
// deploy context, and fails on any error or warning it reports.
import { resolveConfig } from '@netlify/config'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
let failed = false
for (const context of ['production', 'deploy-preview', 'branch-deploy']) {
  try {
    const { config, logs } = await resolveConfig({
      config: path.join(root, 'netlify.toml'),
      repositoryRoot: root,
      cwd: root,
      context,
      offline: true,
      buffer: true,
    })
    const warnings = [...logs.stdout, ...logs.stderr].filter((line) => line.trim() !== '')
    if (warnings.length > 0) {
      console.error(`netlify.toml (${context}): @netlify/config warned:\n${warnings.join('\n')}`)
      failed = true
    }
    const want = context === 'production' ? '$URL' : '$DEPLOY_PRIME_URL'
    if (!config.build.command.includes(`--base-url "${want}"`)) {
      console.error(`netlify.toml (${context}): build command ${config.build.command} should pass --base-url "${want}"`)
      failed = true
    }
    console.log(`netlify.toml (${context}): ok, ${config.headers.length} header rules, ${config.redirects.length} redirects`)
  } catch (err) {
    console.error(`netlify.toml (${context}): ${err.message}`)
    failed = true
  }
}
process.exit(failed ? 1 : 0)
