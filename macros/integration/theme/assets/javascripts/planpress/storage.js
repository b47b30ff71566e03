// Material for MkDocs 9.8.2's partials/javascripts/base.html (MIT licence), moved out of the page so that the
// Content-Security-Policy can refuse every inline script. Changed in one way: the scope is read from this script
// element's data-scope attribute, which partials/javascripts/base.html fills as Material filled its inline copy.
__md_scope=new URL(document.currentScript.dataset.scope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
