-- Corroborate in Neovim 0.7 to 0.9 (vim.lsp.start_client; no plugin needed).
local corroborate
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'text' },
  callback = function(args)
    corroborate = corroborate or vim.lsp.start_client({
      name = 'corroborate',
      cmd = { 'corroborate', 'lsp', '--stdio' },
      root_dir = vim.fn.getcwd(),
    })
    if corroborate then vim.lsp.buf_attach_client(args.buf, corroborate) end
  end,
})
