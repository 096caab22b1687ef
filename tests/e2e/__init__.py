"""End-to-end tests: the whole chain, every part its own process (till, agent, hub,
gateway), killed and restarted."""
