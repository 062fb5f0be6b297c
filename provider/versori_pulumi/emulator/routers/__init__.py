"""One APIRouter per resource; :func:`versori_pulumi.emulator.app.create_app` includes them."""
