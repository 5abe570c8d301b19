"""Write stage: atomic file writes that skip unchanged content, and the build manifest."""

from generator.write.atomic import remove_file, write_if_changed
from generator.write.manifest import MANIFEST_NAME, Manifest, SeedEntry

__all__ = ["MANIFEST_NAME", "Manifest", "SeedEntry", "remove_file", "write_if_changed"]
