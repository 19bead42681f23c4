"""Model + history → indexes → pages → a built site (MkDocs with Material, through the plugin)."""
