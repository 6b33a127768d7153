export { createApp } from './app.ts';
export { createServices, type Services } from './services.ts';
export { loadConfig, type Config } from './config.ts';
