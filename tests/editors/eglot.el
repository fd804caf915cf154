;; Corroborate in Emacs with eglot (built in from Emacs 29; the elpa-eglot package on Emacs 28).
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((markdown-mode text-mode) . ("corroborate" "lsp" "--stdio"))))
;; Start it in every Markdown and text buffer (or run M-x eglot in a draft).
(add-hook 'text-mode-hook #'eglot-ensure)
