// `npm publish` from the workspace folder would ship exports pointing at ./src (see stage-package.mjs).
console.error('Publish the staged package instead: npm run build && npm run stage && npm publish .publish');
process.exit(1);
